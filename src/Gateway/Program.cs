using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Silo.Hosting;

// The embedded default: the gateway with the silo in the same process (Engine:Role=Gateway: the gateway alone).
SharedBufferPool.Configure(); // first: the runtime reads it when the shared array pool is first used
await EngineApp.Build(args).RunAsync();

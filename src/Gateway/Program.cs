using PrivateDomain.Gateway.Hosting;

// The embedded default: the gateway with the silo in the same process (Engine:Role=Gateway: the gateway alone).
await EngineApp.Build(args).RunAsync();

using PrivateDomain.Gateway.Hosting;

// The embedded default: the gateway with the silo in the same process.
await EngineApp.Build(args).RunAsync();

using Microsoft.Extensions.Hosting;
using PrivateDomain.Silo.Hosting;

// A silo on its own, without the web gateway (the embedded default runs the silo inside the Gateway).
var builder = Host.CreateApplicationBuilder(args);
builder.AddEngineSilo();
builder.AddEngineTelemetry();
await builder.Build().RunAsync();

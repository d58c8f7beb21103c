using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateDomain.Silo.Hosting;

// A silo on its own, without the web gateway (the embedded default runs the silo inside the Gateway; in cluster mode
// gateways with Engine:Role=Gateway are clients of silos like this one).
SharedBufferPool.Configure(); // first: the runtime reads it when the shared array pool is first used
var builder = Host.CreateApplicationBuilder(args);
if (EngineOptions.From(builder.Configuration).Role == EngineRole.Gateway)
    throw new OptionsValidationException(EngineOptions.SectionName, typeof(EngineOptions),
        ["Engine:Role=Gateway is the Gateway web app's client-only role; this program always hosts a silo. Remove the setting."]);
builder.AddEngineSilo();
builder.AddMembershipOptions();
builder.AddEngineTelemetry();
await builder.Build().RunAsync();

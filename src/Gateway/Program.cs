using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Silo.Hosting;

// The embedded default: the gateway with the silo in the same process.
var builder = WebApplication.CreateBuilder(CommandLine.Normalise(args));
builder.AddEngineSilo();
builder.AddGatewayApi();

var app = builder.Build();
app.MapGateway();
await app.RunAsync();

/// <summary>Exposed for in-process test hosts.</summary>
public partial class Program;

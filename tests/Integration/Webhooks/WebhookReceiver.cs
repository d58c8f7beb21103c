using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Tests.Integration.Webhooks;

/// <summary>
/// A real HTTP receiver on a loopback port. <c>POST /{route}</c> records the request and answers with the next
/// status queued for that route (200 once the queue is empty).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Route, string? Delivery, string? Timestamp, string? Signature, string? ContentType, byte[] Body);

    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Received> For(string route) => _received.Where(r => r.Route == route).ToList();

    /// <summary>The statuses the route answers with, in order, before it answers 200.</summary>
    public void Answer(string route, params int[] statuses) => _answers[route] = new ConcurrentQueue<int>(statuses);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{route}", async (string route, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue(new Received(route, request.Headers["X-PD-Delivery"], request.Headers["X-PD-Timestamp"],
                request.Headers["X-PD-Signature"], request.ContentType, body.ToArray()));
            return Results.StatusCode(_answers.TryGetValue(route, out var queue) && queue.TryDequeue(out var status) ? status : 200);
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// An agent's console as the browser keeps it, over the real SignalR client: one persona's feed by sequence, filled by
/// pushes and by SyncPersona(after the last sequence it holds). When its connection drops (its gateway died), it
/// connects to the next gateway with the same token and resyncs, as a console behind a load balancer would.
/// </summary>
public sealed class FailoverConsole : IAsyncDisposable
{
    private readonly IReadOnlyList<Uri> _gateways;
    private readonly string _token;
    private readonly string _persona;
    private readonly ConcurrentDictionary<long, FeedItem> _items = new();
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private readonly TaskCompletionSource<TimeSpan> _resynced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _sinceLoss = new();
    private HubConnection? _connection;
    private int _gateway;
    private int _pushes;
    private int _pushesAfterFailover;
    private int _redelivered;
    private bool _disposed;

    private FailoverConsole(IReadOnlyList<Uri> gateways, string token, string persona)
    {
        _gateways = gateways;
        _token = token;
        _persona = persona;
    }

    /// <summary>One item of the feed as the console shows it.</summary>
    public sealed record FeedItem(long Sequence, string Kind, string? EventId, string? CustomerId);

    /// <summary>The gateway the console is connected to now.</summary>
    public Uri Gateway => _gateways[_gateway];

    public int Pushes => _pushes;

    /// <summary>Pushes received on a connection made after the first one was lost.</summary>
    public int PushesAfterFailover => _pushesAfterFailover;

    /// <summary>Time from losing the first connection to the first push through another gateway.</summary>
    public TimeSpan? FirstPushAfterLoss { get; private set; }

    /// <summary>Pushes of a sequence the console already held (shown once).</summary>
    public int Redelivered => _redelivered;

    /// <summary>Completes with the time from losing the first connection to holding the feed again through another gateway.</summary>
    public Task<TimeSpan> Resynced => _resynced.Task;

    public IReadOnlyList<FeedItem> Items => _items.Values.OrderBy(i => i.Sequence).ToList();

    /// <summary>True when the console shows an item for the event.</summary>
    public bool Holds(string eventId) => _items.Values.Any(i => i.EventId == eventId);

    public static async Task<FailoverConsole> ConnectAsync(IReadOnlyList<Uri> gateways, string token, string persona)
    {
        var console = new FailoverConsole(gateways, token, persona);
        await console.ConnectAsync(0);
        return console;
    }

    /// <summary>Asks for everything after the last gap-free sequence held, page by page, until the feed's head.</summary>
    public async Task<long> SyncAsync()
    {
        await _syncing.WaitAsync();
        try
        {
            while (true)
            {
                var after = Contiguous();
                var page = await _connection!.InvokeAsync<JsonElement>("SyncPersona", _persona, after);
                var items = page.GetProperty("items").EnumerateArray().Select(Read).ToList();
                if (items.Count > 0 && items[0].Sequence > after + 1)
                    throw new InvalidOperationException($"The feed no longer holds {after + 1}..{items[0].Sequence - 1}: the burst outgrew it.");
                foreach (var item in items) _items.TryAdd(item.Sequence, item);
                var head = page.GetProperty("headSequence").GetInt64();
                if (items.Count == 0 || Contiguous() >= head) return head;
            }
        }
        finally
        {
            _syncing.Release();
        }
    }

    /// <summary>The highest n such that the console holds every sequence 1..n.</summary>
    public long Contiguous()
    {
        long n = 0;
        while (_items.ContainsKey(n + 1)) n++;
        return n;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_connection is not null) await _connection.DisposeAsync();
    }

    private async Task ConnectAsync(int gateway)
    {
        await StartAsync(gateway);
        await _connection!.InvokeAsync<JsonElement>("Hello");
        await SyncAsync();
    }

    private async Task StartAsync(int gateway)
    {
        var afterLoss = _sinceLoss.IsRunning;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_gateways[gateway], "/hubs/console"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(_token))
            .Build();
        connection.On<JsonElement>("feed", message => OnPush(message, afterLoss));
        connection.Closed += OnClosedAsync;
        try
        {
            await connection.StartAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _connection = connection;
        _gateway = gateway;
    }

    private void OnPush(JsonElement message, bool afterLoss)
    {
        if (message.GetProperty("ownerKind").GetString() != "persona" || message.GetProperty("ownerId").GetString() != _persona) return;
        Interlocked.Increment(ref _pushes);
        if (afterLoss && Interlocked.Increment(ref _pushesAfterFailover) == 1) FirstPushAfterLoss = _sinceLoss.Elapsed;
        var item = Read(message.GetProperty("item"));
        if (!_items.TryAdd(item.Sequence, item)) Interlocked.Increment(ref _redelivered);
    }

    private Task OnClosedAsync(Exception? error)
    {
        if (_disposed) return Task.CompletedTask;
        _sinceLoss.Restart();
        _ = Task.Run(FailOverAsync);
        return Task.CompletedTask;
    }

    // The other gateways in turn until one takes the connection, then the resync until it is answered: grains that
    // lived on a killed silo answer again only once the cluster has declared that silo dead.
    private async Task FailOverAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var lost = _gateway;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await StartAsync((lost + attempt) % _gateways.Count);
                    break;
                }
                catch (Exception) when (DateTime.UtcNow < deadline && !_disposed)
                {
                    await Task.Delay(250);
                }
            }
            while (true)
            {
                try
                {
                    await _connection!.InvokeAsync<JsonElement>("Hello");
                    await SyncAsync();
                    _resynced.TrySetResult(_sinceLoss.Elapsed);
                    return;
                }
                catch (Exception) when (DateTime.UtcNow < deadline && !_disposed)
                {
                    await Task.Delay(250);
                }
            }
        }
        catch (Exception ex)
        {
            _resynced.TrySetException(ex);
        }
    }

    private static FeedItem Read(JsonElement item) => new(
        item.GetProperty("sequence").GetInt64(),
        item.GetProperty("kind").GetString()!,
        item.TryGetProperty("eventId", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null,
        item.TryGetProperty("customerId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null);
}

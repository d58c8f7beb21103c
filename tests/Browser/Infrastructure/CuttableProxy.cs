using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PrivateDomain.Tests.Browser.Infrastructure;

/// <summary>
/// A TCP relay in front of the engine for one browser: <see cref="Cut"/> resets every connection it carries (the
/// console's WebSocket included) and refuses new ones until <see cref="Restore"/>, as a dropped network would. The
/// browser and the engine see a real reset socket, nothing in the page is told.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Task _accepting;
    private volatile bool _refusing;

    public CuttableProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Where the browser goes instead of the engine.</summary>
    public Uri Address { get; }

    /// <summary>Connections relayed so far (to tell that the console did connect again).</summary>
    public int Accepted { get; private set; }

    /// <summary>Resets every relayed connection and refuses new ones.</summary>
    public void Cut()
    {
        _refusing = true;
        foreach (var socket in _open.Keys) Reset(socket);
    }

    public void Restore() => _refusing = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_refusing)
            {
                Reset(client);
                continue;
            }
            Accepted++;
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The relay ends with either side.
        }
        finally
        {
            Reset(client);
            Reset(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Reset by Cut or by the other side.
        }
    }

    /// <summary>Closes with RST (linger 0): the peer sees a reset connection, not an orderly close.</summary>
    private void Reset(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _open.Keys) Reset(socket);
        await _accepting;
        _stop.Dispose();
    }
}

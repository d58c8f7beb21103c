using System.Net;
using System.Net.Sockets;

namespace PrivateDomain.Tests.Integration.Infrastructure;

/// <summary>Free loopback ports for Kestrel and the silo.</summary>
public static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

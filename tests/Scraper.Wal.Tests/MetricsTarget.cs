using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scraper.Wal.Tests;

/// <summary>
/// A minimal HTTP scrape target on 127.0.0.1 (free port): answers every request with the exposition text the
/// body function returns for the scrape number, then closes the connection.
/// </summary>
internal sealed class MetricsTarget : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, string> _body;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _scrapes;

    public MetricsTarget(Func<int, string> body)
    {
        _body = body;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Address => $"127.0.0.1:{Port}";

    public int Scrapes => Volatile.Read(ref _scrapes);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buf = new byte[8192];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buf, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }
                    seen.Append(Encoding.ASCII.GetString(buf, 0, n));
                }
                var body = Encoding.UTF8.GetBytes(_body(Interlocked.Increment(ref _scrapes)));
                var head = Encoding.ASCII.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n" +
                    $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The scraper hung up or we are stopping.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}

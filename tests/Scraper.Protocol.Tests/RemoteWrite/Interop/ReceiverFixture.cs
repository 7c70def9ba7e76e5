using Scraper.TestSupport;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

/// <summary>A real receiver started once for a test class; xunit disposes it, which stops the process, after the class.</summary>
public abstract class ReceiverFixture<TReceiver>(TReceiver receiver) : IAsyncLifetime
    where TReceiver : PeerProcess
{
    public TReceiver Receiver => receiver;

    public ValueTask InitializeAsync() => new(receiver.StartAsync(TestContext.Current.CancellationToken));

    public async ValueTask DisposeAsync()
    {
        await receiver.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

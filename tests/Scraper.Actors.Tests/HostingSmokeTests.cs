using Akka.Actor;
using Akka.Hosting;

namespace Scraper.Actors.Tests;

public sealed class HostingSmokeTests : Akka.Hosting.TestKit.TestKit
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    [Fact]
    public async Task Echo_replies()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        echo.Tell("hi", TestActor);
        await ExpectMsgAsync("hi", TimeSpan.FromSeconds(3), cancellationToken: TestContext.Current.CancellationToken);
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(m => Sender.Tell(m));
    }
}

using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace AuditExplorer.Tests.Integration.Streams.Nats;

/// <summary>A real nats-server with JetStream on a free loopback port, started by scripts/nats.sh.</summary>
internal sealed class NatsServer : IAsyncDisposable
{
    NatsServer(int port) => Port = port;

    public int Port { get; }
    public string Url => $"nats://127.0.0.1:{Port}";

    public static async Task<NatsServer> StartAsync()
    {
        var server = new NatsServer(ServerScript.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    public Task StartAgainAsync() => ServerScript.RunAsync("nats.sh", ["start", Port.ToString()]);

    public async Task<int> PidAsync() => int.Parse(await ServerScript.RunAsync("nats.sh", ["pid", Port.ToString()]));

    /// <summary>Creates a file-backed stream capturing <paramref name="subjects"/>, as an operator would.</summary>
    public async Task CreateStreamAsync(string name, params string[] subjects)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = Url });
        await new NatsJSContext(connection).CreateStreamAsync(new StreamConfig(name, subjects) { Storage = StreamConfigStorage.File });
    }

    public async Task<long> MessageCountAsync(string stream)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = Url });
        var info = await new NatsJSContext(connection).GetStreamAsync(stream);
        return info.Info.State.Messages;
    }

    /// <summary>Every message of the stream in stream order, with its subject and headers.</summary>
    public async Task<List<INatsJSMsg<byte[]>>> ReadAllAsync(string stream)
    {
        var count = (int)await MessageCountAsync(stream);
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = Url });
        var js = new NatsJSContext(connection);
        var consumer = await js.CreateOrderedConsumerAsync(stream);
        var messages = new List<INatsJSMsg<byte[]>>();
        while (messages.Count < count)
        {
            var before = messages.Count;
            await foreach (var msg in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = count - messages.Count, Expires = TimeSpan.FromSeconds(2) }))
                messages.Add(msg);
            if (messages.Count == before) break;
        }
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await ServerScript.RunAsync("nats.sh", ["stop", Port.ToString()]);
        var store = Path.Combine(PostgresFixture.RepoRoot(), ".local", "nats", Port.ToString());
        if (Directory.Exists(store)) Directory.Delete(store, recursive: true);
    }
}

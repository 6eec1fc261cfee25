using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Web.Hosting;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Nats;
using AuditExplorer.Data.Streams.Syslog;
using AuditExplorer.Data.Streams.Webhook;

namespace AuditExplorer.Web.Streams;

internal static class StreamsRegistration
{
    /// <summary>
    /// Streams (docs/streams.md): the store the Streams page uses and the hosted delivery worker, both as the reader
    /// role (the worker reads sealed events and writes only web.streams' delivery columns). "Streams:BatchSize"
    /// (default 500), "Streams:PollMilliseconds" (1000), "Streams:MaxBackoffSeconds" (60), "Streams:Worker" (true;
    /// false leaves delivery to other instances).
    /// </summary>
    public static void AddStreams(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        // Destination kinds, one line each. NATS credentials are named in a stream's settings and read from
        // configuration ("Streams:Secrets:<name>"), so no secret is stored with the stream.
        builder.Services.AddSingleton<IStreamDestinationFactory, WebhookDestinationFactory>();
        builder.Services.AddSingleton<IStreamDestinationFactory, SyslogDestinationFactory>();
        builder.Services.AddSingleton<IStreamDestinationFactory>(new NatsDestinationFactory(name => config[$"Streams:Secrets:{name}"]));
        builder.Services.AddSingleton(sp => new StreamDestinationFactories(sp.GetServices<IStreamDestinationFactory>()));
        builder.Services.AddSingleton(sp => new StreamStore(sp.GetRequiredService<AuditedReads>(), sp.DataSource(DatabaseRole.Reader), sp.GetRequiredService<StreamDestinationFactories>()));
        builder.Services.AddSingleton(sp => new StreamDeliveryStore(sp.DataSource(DatabaseRole.Reader)));
        var options = new StreamWorkerOptions
        {
            BatchSize = Positive(config, "Streams:BatchSize", 500),
            PollInterval = TimeSpan.FromMilliseconds(Positive(config, "Streams:PollMilliseconds", 1000)),
            MaxBackoff = TimeSpan.FromSeconds(Positive(config, "Streams:MaxBackoffSeconds", 60)),
            ConcurrentStreams = Positive(config, "Streams:ConcurrentStreams", 4),
        };
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<StreamWorker>();
        if (config.GetValue("Streams:Worker", true)) builder.Services.AddHostedService<StreamDeliveryService>();
    }

    private static int Positive(IConfiguration config, string key, int fallback)
    {
        var value = config.GetValue(key, fallback);
        return value > 0 ? value : throw new InvalidOperationException($"{key} must be a positive number (it is {value}).");
    }
}

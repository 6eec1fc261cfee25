using System.Net;
using System.Text;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;
using Microsoft.Extensions.Logging;

namespace AuditExplorer.Cli;

/// <summary>
/// `witness`: a C2SP tlog-witness service a tenant or any third party runs with its own Ed25519 key. It cosigns a
/// log's checkpoint only after checking the log's signature and a consistency proof from the last checkpoint it
/// cosigned for that origin (docs/checkpoint-api.md, "Witnesses"). `witness keygen` makes a key.
/// </summary>
internal sealed class WitnessCommand : ICliCommand
{
    private const int MaxBodyBytes = 64 * 1024;

    public string Name => "witness";
    public string Summary => "Cosign checkpoints (C2SP tlog-witness): --key-file F --name N --log-key K --state FILE [--listen http://127.0.0.1:7380/]; `witness keygen --name N --out F` makes a key.";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var verb = args.Positional.Count > 0 ? args.Positional[0] : "serve";
        return verb switch
        {
            "keygen" => KeyGen(args),
            "public-key" => PrintPublicKey(args),
            "serve" => await ServeAsync(args, ct),
            _ => throw new CliUsageException($"unknown witness verb \"{verb}\" (serve, keygen, public-key)"),
        };
    }

    private static string WitnessName(CliArguments args) =>
        args.Get("name") is { } name && CheckpointVerifierKey.IsValidName(name) ? name
        : throw new CliUsageException("--name is required: the witness's name, e.g. witness.example.com/w1 (no spaces or '+')");

    // Writes a new PKCS#8 PEM key (never over an existing file) and prints the public key others configure.
    private static int KeyGen(CliArguments args)
    {
        var name = WitnessName(args);
        var path = args.Get("out") ?? throw new CliUsageException("--out <file> is required: where the private key is written");
        using var key = WitnessSigningKey.Generate(name);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            file.Write(Encoding.ASCII.GetBytes(key.ExportPem()));
            file.Flush(flushToDisk: true);
        }
        Console.WriteLine(key.VerifierKey.ToString());
        return 0;
    }

    private static int PrintPublicKey(CliArguments args)
    {
        using var key = LoadKey(args);
        Console.WriteLine(key.VerifierKey.ToString());
        return 0;
    }

    private static WitnessSigningKey LoadKey(CliArguments args)
    {
        var name = WitnessName(args);
        var path = args.Get("key-file") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_WITNESS_KEY")
            ?? throw new CliUsageException("--key-file (or AUDITEXPLORER_WITNESS_KEY) is required: the witness's Ed25519 PKCS#8 PEM key");
        try
        {
            return WitnessSigningKey.FromPem(name, File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{path}: {ex.Message}");
        }
    }

    private static async Task<int> ServeAsync(CliArguments args, CancellationToken ct)
    {
        using var key = LoadKey(args);
        var logKeys = args.GetAll("log-key").SelectMany(k => k.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(text =>
        {
            try
            {
                return CheckpointVerifierKey.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"--log-key: {ex.Message}");
            }
        }).ToList();
        if (logKeys.Count == 0)
            throw new CliUsageException("--log-key is required (repeatable): the public key of each log this witness cosigns; a key named \"name\" covers the origins \"name/<tenant>\"");
        var statePath = args.Get("state") ?? throw new CliUsageException("--state <file> is required: where the witness keeps the last size it cosigned per log");
        var listen = args.Get("listen") ?? "http://127.0.0.1:7380/";
        if (!listen.EndsWith('/')) listen += "/";

        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));
        var logger = logging.CreateLogger("auditexplorer.witness");
        using var state = WitnessStateFile.Open(statePath);
        var witness = new CheckpointWitness(key, new CheckpointKeyring(logKeys), state, logger: logger);
        using var listener = new HttpListener();
        listener.Prefixes.Add(listen);
        try
        {
            listener.Start();
        }
        catch (HttpListenerException ex)
        {
            throw new CliUsageException($"cannot listen on {listen}: {ex.Message}");
        }
        using var stop = ct.Register(listener.Stop);
        logger.LogInformation("Witness {Key} listening on {Url}; logs: {Logs}; state {State} ({Count} logs known)",
            key.VerifierKey.ToString(), listen, string.Join(", ", logKeys.Select(k => k.Label)), state.Path, state.All.Count);
        var path = new Uri(listen).AbsolutePath.TrimEnd('/') + "/add-checkpoint";
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                break;
            }
            _ = Task.Run(() => HandleAsync(context, witness, path, logger), CancellationToken.None);
        }
        return 0;
    }

    private static async Task HandleAsync(HttpListenerContext context, CheckpointWitness witness, string path, ILogger logger)
    {
        var response = context.Response;
        try
        {
            WitnessResponse answer;
            if (context.Request.Url?.AbsolutePath != path) answer = WitnessResponse.Problem(404, "not found: POST add-checkpoint");
            else if (context.Request.HttpMethod != "POST") answer = WitnessResponse.Problem(405, "add-checkpoint takes POST");
            else if (await ReadBodyAsync(context.Request) is not { } body) answer = WitnessResponse.Problem(400, $"the request body is larger than {MaxBodyBytes} bytes or not UTF-8");
            else answer = witness.AddCheckpoint(body);
            if (answer.Status == 405) response.AddHeader("Allow", "POST");
            await WriteAsync(response, answer);
        }
        catch (Exception ex)
        {
            // Disk full or a state that cannot be written: the witness must not cosign, and says so.
            logger.LogError(ex, "add-checkpoint failed");
            try
            {
                await WriteAsync(response, WitnessResponse.Problem(503, "the witness cannot record its state right now"));
            }
            catch (Exception ex2) when (ex2 is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The client is gone; nothing more to tell it.
            }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, WitnessResponse answer)
    {
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static async Task<string?> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

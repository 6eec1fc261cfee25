namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>A witness's HTTP answer: status code, body and content type (tlog-witness).</summary>
public sealed record WitnessResponse(int Status, string Body, string ContentType = "text/plain; charset=utf-8")
{
    /// <summary>Content type of a 409 answer carrying the witness's current size.</summary>
    public const string SizeContentType = "text/x.tlog.size";

    public static WitnessResponse Problem(int status, string message) => new(status, message + "\n");
}

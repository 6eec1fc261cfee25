using System.Text.Encodings.Web;

namespace AuditExplorer.DevIdentity.Html;

/// <summary>The shared page shell: language, title, minimal readable styling.</summary>
public static class HtmlPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}" +
        "label{display:block;margin-top:1rem;font-weight:600}" +
        "input{font-size:1rem;padding:.4rem;width:100%;max-width:20rem}" +
        "button{margin-top:1.25rem;font-size:1rem;padding:.5rem 1.25rem}" +
        "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left}" +
        "#login-error{color:#a00;font-weight:600}";

    /// <summary>Wraps already-encoded body markup in a full HTML document; the title is encoded here.</summary>
    public static IResult Render(string title, string bodyHtml, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <main>
            {bodyHtml}
            </main>
            </body>
            </html>
            """,
            "text/html; charset=utf-8",
            contentEncoding: null,
            statusCode: statusCode);

    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);
}

using System.Text;

namespace AuditExplorer.Data.Demo;

/// <summary>
/// Word pools for names, titles, tags and text. Built once from a fixed seed and stored as
/// escaped JSON literals, so every event reuses them instead of formatting text again.
/// </summary>
internal static class DemoVocabulary
{
    public static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jonas", "Keiko", "Lars",
        "Maya", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoë",
    ];

    public static readonly string[] LastNames =
    [
        "Andersen", "Okafor", "Müller", "Nakamura", "Rossi", "Kowalski", "O'Brien", "García", "Haddad", "Lindqvist",
        "Petrov", "Schmidt", "Tanaka", "Dubois", "Novak", "Silva", "Yilmaz", "Fischer", "Costa", "Brennan",
    ];

    public static readonly string[] Roles = ["viewer", "editor", "reviewer", "publisher", "admin"];

    public static readonly string[] Permissions = ["read", "edit", "publish", "delete", "share"];

    public static readonly string[] Statuses = ["draft", "in_review", "approved"];

    public static readonly string[] Locales = ["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "ja-JP"];

    public static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    ];

    private static readonly string[] TitleStarts =
    [
        "Quarterly", "Annual", "Revised", "Draft", "Updated", "Regional", "Global", "Internal", "Customer", "Partner",
    ];

    private static readonly string[] TitleSubjects =
    [
        "pricing policy", "onboarding guide", "service agreement", "release notes", "privacy notice", "supplier contract",
        "style guide", "security review", "product roadmap", "support handbook", "data processing addendum",
        "holiday schedule", "brand guidelines", "incident report", "team charter", "licence terms",
    ];

    private static readonly string[] Words =
    [
        "the", "customer", "agrees", "to", "provide", "service", "within", "days", "of", "notice", "and", "shall",
        "ensure", "that", "all", "data", "is", "processed", "in", "accordance", "with", "applicable", "law", "our",
        "team", "reviews", "each", "request", "before", "publication", "pricing", "changes", "take", "effect", "on",
        "first", "month", "following", "approval", "by", "both", "parties", "support", "hours", "are", "listed",
        "below", "for", "reference", "quality", "standards", "apply", "every", "release", "including", "minor",
        "updates", "a", "summary", "is", "sent", "to", "subscribers", "weekly",
    ];

    /// <summary>Escaped JSON string literals ready for <see cref="JsonTextBuilder.Raw"/>.</summary>
    public static readonly string[] Titles;
    public static readonly string[] Tags;
    public static readonly string[] Paragraphs;
    public static readonly string[] Skus;
    public static readonly string[] ItemDescriptions;
    /// <summary>Bodies of 100 KB and more, for the documents that test large values.</summary>
    public static readonly string[] LargeBodies;

    static DemoVocabulary()
    {
        var rng = new Random(20261124);
        Titles = Enumerable.Range(0, 400)
            .Select(i => JsonTextBuilder.Quote($"{TitleStarts[rng.Next(TitleStarts.Length)]} {TitleSubjects[rng.Next(TitleSubjects.Length)]} {2024 + i % 3}"))
            .Distinct().ToArray();
        Tags = ["finance", "legal", "hr", "marketing", "product", "engineering", "sales", "support", "internal", "public",
                "urgent", "q1", "q2", "q3", "q4", "emea", "apac", "americas", "gdpr", "sla", "pricing", "security"];
        Tags = Tags.Select(JsonTextBuilder.Quote).ToArray();
        Paragraphs = Enumerable.Range(0, 256).Select(_ => JsonTextBuilder.Quote(Sentence(rng, 30, 90))).ToArray();
        Skus = Enumerable.Range(0, 64).Select(i => JsonTextBuilder.Quote($"SKU-{1000 + i * 37}")).ToArray();
        ItemDescriptions = Enumerable.Range(0, 64).Select(_ => JsonTextBuilder.Quote(Sentence(rng, 3, 8))).ToArray();
        LargeBodies = Enumerable.Range(0, 4).Select(_ =>
        {
            var sb = new StringBuilder(120_000);
            while (sb.Length < 110_000) sb.Append(Sentence(rng, 40, 120)).Append("\n\n");
            return JsonTextBuilder.Quote(sb.ToString());
        }).ToArray();
    }

    private static string Sentence(Random rng, int minWords, int maxWords)
    {
        var count = rng.Next(minWords, maxWords);
        var sb = new StringBuilder(count * 8);
        for (var i = 0; i < count; i++)
        {
            var word = Words[rng.Next(Words.Length)];
            if (i == 0) sb.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            else sb.Append(i % 11 == 0 ? ", " : " ").Append(word);
        }
        return sb.Append('.').ToString();
    }
}

namespace AuditExplorer.Data.Demo;

/// <summary>The people, services, API keys and system jobs that act in one demo tenant.</summary>
internal static class DemoActorCatalog
{
    public const string User = "user";
    public const string Service = "service";
    public const string ApiKey = "api-key";
    public const string System = "system";

    /// <summary>Same tenant and user count give the same actors, so re-runs continue with the same people.</summary>
    public static DemoActor[] For(DemoTenant tenant, int userCount)
    {
        var rng = new Random(StableHash(tenant.Id));
        var actors = new List<DemoActor>(userCount + 4);
        for (var i = 1; i <= userCount; i++)
        {
            var first = DemoVocabulary.FirstNames[rng.Next(DemoVocabulary.FirstNames.Length)];
            var last = DemoVocabulary.LastNames[rng.Next(DemoVocabulary.LastNames.Length)];
            var email = $"{Ascii(first)}.{Ascii(last)}{i}@{tenant.Domain}";
            var role = i == 1 ? "admin" : DemoVocabulary.Roles[rng.Next(1, DemoVocabulary.Roles.Length)];
            var ua = DemoVocabulary.UserAgents[rng.Next(DemoVocabulary.UserAgents.Length)];
            var ip = $"203.0.113.{rng.Next(2, 254)}";
            actors.Add(new($"u-{i:0000}", User, $"{first} {last}", email,
                Fields(ip, ua, rng.Next(4) == 0 ? "password+totp" : "oidc", "cms-web", role)));
        }
        actors.Add(new("svc-publisher", Service, "Scheduled publisher", null,
            Fields("10.0.4.12", "publisher/2.4.1", "client_credentials", "publisher-service", "publisher")));
        actors.Add(new("svc-sync", Service, "CRM sync", null,
            Fields("10.0.4.31", "crm-sync/1.9.0", "client_credentials", "crm-sync", "editor")));
        actors.Add(new("key-import", ApiKey, "Import API key", null,
            Fields("198.51.100.23", "python-requests/2.32", "api_key", "bulk-import", "editor")));
        actors.Add(new("system", System, "System", null,
            Fields("127.0.0.1", "auditexplorer-jobs", "internal", "retention-job", "system")));
        return actors.ToArray();
    }

    private static string Fields(string ip, string userAgent, string authMethod, string clientApp, string role) =>
        $"\"ip\":{JsonTextBuilder.Quote(ip)},\"user_agent\":{JsonTextBuilder.Quote(userAgent)}," +
        $"\"auth_method\":{JsonTextBuilder.Quote(authMethod)},\"client_app\":{JsonTextBuilder.Quote(clientApp)}," +
        $"\"roles\":[{JsonTextBuilder.Quote(role)}]";

    private static string Ascii(string name) =>
        new(name.Normalize(global::System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetter).Select(char.ToLowerInvariant).ToArray());

    // string.GetHashCode is randomized per process; demo data must not be.
    internal static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash;
    }
}

namespace AuditExplorer.Tests.E2E.Privacy;

/// <summary>
/// A record of tenant acme whose history holds unique personal values at acme's personal paths
/// ($.customer.email, $.phone), written by an actor with a unique name, e-mail and request details.
/// </summary>
public sealed record PlantedPersonalData(string RecordId, string ActorId, Guid CreateId, Guid UpdateId, IReadOnlyList<string> Secrets)
{
    public string OldEmail => Secrets[0];
    public string NewEmail => Secrets[1];
    public string ActorName => Secrets[4];

    public static async Task<PlantedPersonalData> PlantAsync(ExplorerAppFixture app)
    {
        string Token() => Guid.NewGuid().ToString("N")[..12];
        var secrets = new[]
        {
            $"old{Token()}@mail.test", $"new{Token()}@mail.test", $"+49-{Token()}", $"+49-{Token()}",
            $"Planted{Token()} Person", $"person{Token()}@mail.test", $"Agent{Token()}/1.0", $"sess{Token()}", "198.51.100.213",
        };
        var (oldEmail, newEmail, oldPhone, newPhone, name, actorEmail, agent, session, ip) =
            (secrets[0], secrets[1], secrets[2], secrets[3], secrets[4], secrets[5], secrets[6], secrets[7], secrets[8]);
        var recordId = "pl-" + Token();
        var actor = "usr_pl_" + Token();
        var context = $$"""{"request_id":"req-{{recordId}}","ip":"{{ip}}","user_agent":"{{agent}}","session_id":"{{session}}"}""";
        var created = $$"""{"title":"Planted contract","customer":{"email":"{{oldEmail}}","tier":"gold"},"phone":"{{oldPhone}}"}""";
        var updated = $$"""{"title":"Planted contract v2","customer":{"email":"{{newEmail}}","tier":"gold"},"phone":"{{newPhone}}"}""";

        await app.ExecuteAsync($"select audit.upsert_subject('acme', '{actor}', '{name}', '{actorEmail}')");
        var createId = await app.ScalarAsync<Guid>(
            "select audit.append_event('acme', $1, 'user', 'contract.create', 'create', 'contract', $2, null, $3::jsonb, $4::jsonb, now() - interval '1 minute')",
            actor, recordId, created, context);
        var updateId = await app.ScalarAsync<Guid>(
            "select audit.append_event('acme', $1, 'user', 'contract.update', 'update', 'contract', $2, $3::jsonb, $4::jsonb, $5::jsonb)",
            actor, recordId, created, updated, context);
        return new PlantedPersonalData(recordId, actor, createId, updateId, secrets);
    }

    /// <summary>
    /// A record whose personal values sit at acme's personal-data paths ($.e2e_private.email and .phone, subject
    /// $.e2e_private.id), so the stored, hashed event holds only salted commitments and the values live in the erasable
    /// table. Secrets: old e-mail, new e-mail, old phone, new phone, the subject's name.
    /// </summary>
    public static async Task<PlantedPersonalData> PlantBehindCommitmentsAsync(ExplorerAppFixture app)
    {
        string Token() => Guid.NewGuid().ToString("N")[..12];
        await app.ExecuteAsync("""
            insert into audit.personal_data_paths (tenant_id, path, subject_path)
            values ('acme', '$.e2e_private.email', '$.e2e_private.id'), ('acme', '$.e2e_private.phone', '$.e2e_private.id')
            on conflict do nothing
            """);
        var subject = "cust-" + Token();
        var secrets = new[] { $"old{Token()}@private.test", $"new{Token()}@private.test", $"+41-{Token()}", $"+41-{Token()}", $"Committed{Token()} Person" };
        var recordId = "pc-" + Token();
        var actor = "usr_pc_" + Token();
        string Values(string title, string email, string phone) =>
            $$$"""{"title":"{{{title}}}","e2e_private":{"id":"{{{subject}}}","email":"{{{email}}}","phone":"{{{phone}}}"}}""";
        await app.ExecuteAsync($"select audit.upsert_subject('acme', '{actor}', '{secrets[4]}', null)");
        var context = $$"""{"request_id":"req-{{recordId}}"}"""; // one request: each detail page shows the other as correlated
        var createId = await app.ScalarAsync<Guid>(
            "select audit.append_event('acme', $1, 'user', 'contract.create', 'create', 'contract', $2, null, $3::jsonb, $4::jsonb, now() - interval '1 minute')",
            actor, recordId, Values("Planted contract", secrets[0], secrets[2]), context);
        var updateId = await app.ScalarAsync<Guid>(
            "select audit.append_event('acme', $1, 'user', 'contract.update', 'update', 'contract', $2, $3::jsonb, $4::jsonb, $5::jsonb)",
            actor, recordId, Values("Planted contract", secrets[0], secrets[2]), Values("Planted contract v2", secrets[1], secrets[3]), context);
        return new PlantedPersonalData(recordId, actor, createId, updateId, secrets);
    }
}

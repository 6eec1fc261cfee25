using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Tests.Unit.Redaction;

public class PersonalCommitmentTests
{
    // Vector (docs/personal-data.md): salt = bytes 0x00..0x1f, value text = the JSON string "ann@example.com" with its quotes.
    private static readonly byte[] Salt = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void The_commitment_is_sha256_of_salt_then_the_values_json_text()
    {
        Assert.Equal("d29bfb132463645f1b3e14840d20ab66ee5a92fc50ac469cba6b17d35e466134",
            PersonalCommitment.Compute(Salt, "\"ann@example.com\""));
        // Non-ASCII text is hashed as UTF-8, exactly as PostgreSQL prints the jsonb value.
        Assert.Equal("2179b1a76e6fae5f727e96eb0ca0f5e0c0ceb6239062dda3f7cf33694d6b3e42",
            PersonalCommitment.Compute(Salt, "{\"street\": \"Hauptstraße 1\", \"city\": \"Köln\"}"));
    }

    [Fact]
    public void Another_value_or_salt_does_not_open_the_commitment()
    {
        const string commitment = "d29bfb132463645f1b3e14840d20ab66ee5a92fc50ac469cba6b17d35e466134";
        Assert.True(PersonalCommitment.Opens(commitment, Salt, "\"ann@example.com\""));
        Assert.False(PersonalCommitment.Opens(commitment, Salt, "\"bob@example.com\""));
        Assert.False(PersonalCommitment.Opens(commitment, Salt, "\"ann@example.com\" "));
        var otherSalt = (byte[])Salt.Clone();
        otherSalt[31] ^= 1;
        Assert.False(PersonalCommitment.Opens(commitment, otherSalt, "\"ann@example.com\""));
    }
}

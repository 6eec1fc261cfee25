using System.Security.Cryptography;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Unit.Integrity.Witness;

/// <summary>The witness's state file only moves forward and survives a crash in the middle of a write.</summary>
public sealed class WitnessStateFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("ae-wstate-").FullName, "witness.state");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, true);

    [Fact]
    public void A_torn_last_line_is_dropped_and_the_last_complete_record_is_the_state()
    {
        using (var state = WitnessStateFile.Open(_path))
        {
            state.Record(new WitnessedLogState("log/a", 5, SHA256.HashData("5"u8)));
            state.Record(new WitnessedLogState("log/a", 9, SHA256.HashData("9"u8)));
        }
        File.AppendAllText(_path, "log/a 12 AAAA"); // a crash before the newline: never acknowledged

        using (var reopened = WitnessStateFile.Open(_path))
        {
            Assert.Equal(9, reopened.Latest("log/a")!.TreeSize);
            Assert.Equal(SHA256.HashData("9"u8), reopened.Latest("log/a")!.RootHash);
            reopened.Record(new WitnessedLogState("log/a", 10, SHA256.HashData("10"u8)));
        }

        Assert.Equal(3, File.ReadAllLines(_path).Length);
        using var last = WitnessStateFile.Open(_path);
        Assert.Equal(10, last.Latest("log/a")!.TreeSize);
    }

    [Fact]
    public void Recording_a_smaller_size_is_refused()
    {
        using var state = WitnessStateFile.Open(_path);
        state.Record(new WitnessedLogState("log/a", 9, SHA256.HashData("9"u8)));

        Assert.Throws<InvalidOperationException>(() => state.Record(new WitnessedLogState("log/a", 8, SHA256.HashData("8"u8))));
        state.Record(new WitnessedLogState("log/b", 1, SHA256.HashData("1"u8))); // other logs are independent
        Assert.Equal(9, state.Latest("log/a")!.TreeSize);
    }
}

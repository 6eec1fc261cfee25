using System.Text;

namespace AuditExplorer.Tests.Integration.Streams.Syslog;

/// <summary>
/// An RFC 5424 message as a receiver parses it (written independently of the destination's formatter, from the
/// RFC's ABNF), with SD-PARAM values unescaped per §6.3.3.
/// </summary>
internal sealed record ReceivedSyslogMessage(
    int Pri, string Timestamp, string Hostname, string AppName, string ProcId, string MsgId,
    string SdId, IReadOnlyDictionary<string, string> Params, bool HasBom, string Msg)
{
    public static ReceivedSyslogMessage Parse(string raw)
    {
        var i = 0;
        string Field()
        {
            var end = raw.IndexOf(' ', i);
            if (end < 0) throw new FormatException($"Header field missing in: {raw}");
            var value = raw[i..end];
            i = end + 1;
            return value;
        }
        var priVersion = Field();
        if (!priVersion.StartsWith('<') || !priVersion.EndsWith(">1")) throw new FormatException($"Not <PRI>1: {priVersion}");
        var pri = int.Parse(priVersion[1..^2]);
        var timestamp = Field(); var hostname = Field(); var app = Field(); var proc = Field(); var msgId = Field();

        if (raw[i] != '[') throw new FormatException($"Expected one SD-ELEMENT at {i}: {raw}");
        i++;
        var sdId = Field();
        var parameters = new Dictionary<string, string>();
        while (true)
        {
            var eq = raw.IndexOf('=', i);
            var name = raw[i..eq];
            i = eq + 1;
            if (raw[i] != '"') throw new FormatException("PARAM-VALUE must be quoted");
            i++;
            var value = new StringBuilder();
            while (raw[i] != '"')
            {
                if (raw[i] == '\\' && raw[i + 1] is '"' or '\\' or ']') i++;
                else if (raw[i] == ']') throw new FormatException($"Unescaped ] inside PARAM-VALUE at {i}: {raw}");
                value.Append(raw[i]);
                i++;
            }
            parameters[name] = value.ToString();
            i++;
            if (raw[i] == ']') { i++; break; }
            if (raw[i] != ' ') throw new FormatException($"Expected SP or ] at {i}: {raw}");
            i++;
        }
        var rest = i < raw.Length && raw[i] == ' ' ? raw[(i + 1)..] : raw[i..];
        var bom = rest.StartsWith('\uFEFF');
        return new ReceivedSyslogMessage(pri, timestamp, hostname, app, proc, msgId, sdId, parameters, bom, bom ? rest[1..] : rest);
    }
}

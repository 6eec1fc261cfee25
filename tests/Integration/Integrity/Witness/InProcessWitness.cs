using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Integration.Integrity.Witness;

/// <summary>
/// Hands the sealer's HTTP requests straight to a real <see cref="CheckpointWitness"/> (the witness logic and its
/// state file, without a socket); <see cref="Down"/> makes it unreachable like a stopped service.
/// </summary>
internal sealed class InProcessWitness(Func<CheckpointWitness> witness) : HttpMessageHandler
{
    public bool Down { get; set; }
    public List<string> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Down) throw new HttpRequestException("Connection refused (witness.test:80)");
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        Requests.Add(body);
        var answer = witness().AddCheckpoint(body);
        var response = new HttpResponseMessage((HttpStatusCode)answer.Status) { Content = new StringContent(answer.Body, Encoding.UTF8) };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(answer.ContentType);
        return response;
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuditExplorer.Tests.Integration.Streams.Syslog;

/// <summary>A throwaway CA and a server certificate it issued, as PEM files rsyslog's gtls driver and the destination read.</summary>
internal sealed class TestCertificates : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("ae-syslog-tls-").FullName;

    public string CaFile => Path.Combine(_dir, "ca.pem");
    public string CertFile => Path.Combine(_dir, "server.pem");
    public string KeyFile => Path.Combine(_dir, "server-key.pem");

    /// <summary>A CA named <paramref name="caName"/> and a server certificate for the given DNS names and addresses.</summary>
    public static TestCertificates Create(string caName, string[] dnsNames, IPAddress[] addresses)
    {
        var files = new TestCertificates();
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (dnsNames.FirstOrDefault() ?? addresses[0].ToString()), serverKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames) san.AddDnsName(name);
        foreach (var address in addresses) san.AddIpAddress(address);
        request.CertificateExtensions.Add(san.Build());
        using var server = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(12));

        File.WriteAllText(files.CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(files.CertFile, server.ExportCertificatePem() + "\n");
        File.WriteAllText(files.KeyFile, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return files;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

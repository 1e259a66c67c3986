using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wirecase.Protocols.Tls;

namespace Wirecase.Protocols.Tests;

public sealed class CertificateReaderTests
{
    [Theory]
    [InlineData("CN=mx.example.net, O=Example Inc, L=Mountain View, S=California, C=US", "CN=Example CA, O=Example Inc, C=US")]
    [InlineData("CN=localhost", "CN=localhost")]
    [InlineData("E=postmaster@example.org, CN=mail.example.org, OU=Mail, O=Example", "CN=Intermediate, OU=PKI, O=Example")]
    [InlineData("CN=Bücher GmbH, O=Ünïcödé", "CN=Bücher CA")]
    public void Reads_names_and_validity_as_dotnet_does(string subject, string issuer)
    {
        using var issuerKey = RSA.Create(2048);
        using var subjectKey = RSA.Create(2048);
        var notBefore = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var notAfter = new DateTimeOffset(2051, 6, 7, 8, 9, 10, TimeSpan.Zero);   // past 2049: GeneralizedTime
        using var cert = new CertificateRequest(subject, subjectKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .Create(new X500DistinguishedName(issuer), X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1),
                notBefore, notAfter, [1, 2, 3, 4]);
        var read = CertificateReader.Read(cert.RawData)!;
        Assert.Equal(cert.Subject, read.Subject);
        Assert.Equal(cert.Issuer, read.Issuer);
        Assert.Equal(notBefore.UtcDateTime, read.NotBefore);
        Assert.Equal(notAfter.UtcDateTime, read.NotAfter);
    }

    [Fact]
    public void Garbage_and_truncated_certificates_give_null()
    {
        Assert.Null(CertificateReader.Read([0x30, 0x82, 0xFF, 0xFF, 0x30]));
        Assert.Null(CertificateReader.Read([]));
        var random = new byte[500];
        new Random(7).NextBytes(random);
        Assert.Null(CertificateReader.Read(random));
    }
}

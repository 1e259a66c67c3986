namespace Wirecase.Protocols.Tests;

/// <summary>Builds TLS records for tests (RFC 8446 §4 layouts).</summary>
public static class TlsRecords
{
    public static byte[] Record(byte type, ushort version, byte[] body) =>
        [type, (byte)(version >> 8), (byte)version, (byte)(body.Length >> 8), (byte)body.Length, .. body];

    public static byte[] Handshake(byte type, byte[] body) => [type, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];

    private static byte[] U16(int v) => [(byte)(v >> 8), (byte)v];
    private static byte[] Vector16(byte[] b) => [.. U16(b.Length), .. b];
    private static byte[] Extension(int type, byte[] data) => [.. U16(type), .. Vector16(data)];

    public static byte[] ClientHelloBody(string? sni = null, string[]? alpn = null, ushort[]? versions = null)
    {
        var extensions = new List<byte>();
        if (sni is not null)
        {
            var name = System.Text.Encoding.ASCII.GetBytes(sni);
            extensions.AddRange(Extension(0, Vector16([0, .. Vector16(name)])));
        }
        if (alpn is not null)
        {
            var list = alpn.SelectMany(a => new[] { (byte)a.Length }.Concat(System.Text.Encoding.ASCII.GetBytes(a))).ToArray();
            extensions.AddRange(Extension(16, Vector16(list)));
        }
        if (versions is not null)
        {
            var list = versions.SelectMany(v => U16(v)).ToArray();
            extensions.AddRange(Extension(43, [(byte)list.Length, .. list]));
        }
        return [0x03, 0x03, .. new byte[32], 0, .. Vector16([0x13, 0x01, 0xC0, 0x2F]), 1, 0, .. Vector16([.. extensions])];
    }

    public static byte[] ClientHello(string? sni = null, string[]? alpn = null, ushort[]? versions = null) =>
        Record(22, 0x0301, Handshake(1, ClientHelloBody(sni, alpn, versions)));

    public static byte[] ServerHello(ushort selected, ushort cipher, bool helloRetry = false)
    {
        byte[] random = helloRetry
            ? Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C")
            : new byte[32];
        byte[] extensions = selected == 0x0304 ? Extension(43, U16(0x0304)) : [];
        byte[] body = [0x03, 0x03, .. random, 0, .. U16(cipher), 0, .. Vector16(extensions)];
        return Record(22, 0x0303, Handshake(2, body));
    }

    public static byte[] ChangeCipherSpec() => Record(20, 0x0303, [1]);
    public static byte[] Alert(byte level, byte description) => Record(21, 0x0303, [level, description]);
    public static byte[] ApplicationData(int length) => Record(23, 0x0303, new byte[length]);
    public static byte[] EncryptedHandshake(int length) => Record(22, 0x0303, new byte[length]);
}

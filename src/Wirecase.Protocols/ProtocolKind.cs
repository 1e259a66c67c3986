namespace Wirecase.Protocols;

/// <summary>The application protocols Wirecase follows.</summary>
public enum ProtocolKind : byte
{
    Unknown,
    Smtp,
    Tls,
    Http,
    Dns,
    Lpd,
}

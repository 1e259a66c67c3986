namespace Wirecase.Query.Fields;

/// <summary>How a field's values compare and how literals for it are read.</summary>
public enum FieldType
{
    /// <summary>A protocol: tested for presence; its bytes for contains/matches and slices.</summary>
    Protocol,
    /// <summary>Unsigned or signed integer (decimal, 0x hex, 0 octal literals).</summary>
    Number,
    /// <summary>A flag: 1/0, True/False.</summary>
    Boolean,
    /// <summary>Seconds as a real number (times, RTTs).</summary>
    Seconds,
    /// <summary>IPv4 or IPv6 address; literals may carry a /prefix (CIDR).</summary>
    Address,
    /// <summary>A 6-byte MAC address (00:11:22:33:44:55, 00-11-…, 0011.2233.4455).</summary>
    Ether,
    /// <summary>Raw bytes (aa:bb:cc, or a quoted string).</summary>
    Bytes,
    Text,
    /// <summary>A presence-only label with no value (tcp.analysis.* flags).</summary>
    Label,
}

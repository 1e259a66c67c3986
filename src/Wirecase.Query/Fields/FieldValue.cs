using Wirecase.Packets;

namespace Wirecase.Query.Fields;

/// <summary>One occurrence of a field in a frame (a field may occur several times: ip.addr is the source and the
/// destination). Which members are set follows the field's type; bytes are a range of the frame's data.</summary>
public struct FieldValue
{
    public long Number;
    public double Real;
    public IpAddressValue Address;
    public int Offset;
    public int Length;
    public string? Text;
}

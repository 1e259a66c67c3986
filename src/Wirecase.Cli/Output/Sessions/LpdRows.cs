using Wirecase.Protocols.Lpd;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>`sessions lpd`: one row per command, subcommand or file, with its acknowledgement.</summary>
internal static class LpdRows
{
    public static IEnumerable<SessionRow> Of(LpdSession s, long firstNs)
    {
        foreach (var cmd in s.Commands)
        {
            yield return SessionRow.At("lpd", s, cmd.At.Frame, cmd.At.TimestampNs, firstNs)
                .Add("command", cmd.Name)
                .Add("operand", cmd.Operand)
                .Add("fileBytes", cmd.FileBytes)
                .Add("segmentBytes", cmd.SegmentBytes)
                .Add("ack", cmd.Ack is { } a ? (int)a : null)
                .Add("ackFrame", cmd.AckAt?.Frame)
                .Add("ackTime", Times.Seconds(cmd.AckAt is { } at ? at.TimestampNs - cmd.At.TimestampNs : null))
                .Add("outcome", !cmd.ExpectsAck ? "no acknowledgement expected" : cmd.Ack switch { null => "awaiting acknowledgement", 0 => "ok", _ => "refused" });
        }
    }
}

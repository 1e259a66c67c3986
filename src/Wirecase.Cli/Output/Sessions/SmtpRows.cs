using Wirecase.Protocols.Smtp;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>`sessions smtp`: one row per command and the reply that answered it (the greeting first).</summary>
internal static class SmtpRows
{
    public static IEnumerable<SessionRow> Of(SmtpSession s, long firstNs)
    {
        if (s.Greeting is { } g)
            yield return Row(firstNs, "(greeting)", "", g.At.Frame, g.At.TimestampNs, 0, g, null, null, s);
        int transaction = 0;
        var transactionOf = new Dictionary<SmtpCommand, (int Index, SmtpTransaction T)>();
        foreach (var t in s.Transactions)
        {
            transaction++;
            transactionOf[t.MailFrom] = (transaction, t);
            foreach (var r in t.Recipients) transactionOf[r.Command] = (transaction, t);
            if (t.Data is { } d) transactionOf[d] = (transaction, t);
            if (t.EndOfData is { } e) transactionOf[e] = (transaction, t);
        }
        foreach (var cmd in s.Commands)
        {
            transactionOf.TryGetValue(cmd, out var tx);
            long? size = tx.T is { } tt && ReferenceEquals(tt.EndOfData, cmd) ? tt.MessageBytes : null;
            yield return Row(firstNs, cmd.Verb, cmd.Argument, cmd.At.Frame, cmd.At.TimestampNs, cmd.SegmentBytes, cmd.Reply,
                cmd.ResponseTimeNs, tx.Index == 0 ? null : tx.Index, s, size);
        }
    }

    private static SessionRow Row(long firstNs, string verb, string argument, long frame, long ns, int segmentBytes,
        SmtpReply? reply, long? responseNs, int? transaction, SmtpSession s, long? messageBytes = null) =>
        SessionRow.At("smtp", s, frame, ns, firstNs)
            .Add("command", verb)
            .Add("argument", argument)
            .Add("segmentBytes", segmentBytes)
            .Add("transaction", transaction)
            .Add("messageBytes", messageBytes)
            .Add("reply", reply?.Code)
            .Add("enhancedCode", reply?.EnhancedCode)
            .Add("replyText", reply is null ? null : reply.Lines[0])
            .Add("replyFrame", reply?.At.Frame)
            .Add("responseTime", Times.Seconds(responseNs))
            .Add("outcome", Outcome(reply, s));

    private static string Outcome(SmtpReply? reply, SmtpSession s) => reply?.Code switch
    {
        null => s.ServerEnded is not null ? "no reply before the server closed" : "no reply by the end of the capture",
        >= 200 and < 400 => "ok",
        >= 400 and < 500 => "temporary failure",
        _ => "permanent failure",
    };
}

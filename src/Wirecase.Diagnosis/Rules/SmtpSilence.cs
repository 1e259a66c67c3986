using Wirecase.Protocols.Smtp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>What counts as an SMTP command the server never answered, shared by the rules that read it.</summary>
internal static class SmtpSilence
{
    /// <summary>Shorter waits before the capture or the session ended are not called silence.</summary>
    public const long SignificantWaitNs = 5_000_000_000;

    /// <summary>Commands without a reply for at least <see cref="SignificantWaitNs"/> (the end-of-data dot and AUTH
    /// exchanges have rules of their own).</summary>
    public static List<SmtpCommand> Unanswered(SmtpSession s)
    {
        long end = s.FinishedAt?.TimestampNs ?? s.Connection.EndNs;
        return [.. s.Commands.Where(c => c.Reply is null && c.Verb is not "." and not "AUTH-DATA" && end - c.At.TimestampNs >= SignificantWaitNs)];
    }
}

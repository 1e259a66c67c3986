using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Protocols.Tls;

namespace Wirecase.Protocols.Smtp;

/// <summary>A server reply: the code, the RFC 3463 enhanced status code when the text starts with one, its lines.</summary>
public sealed class SmtpReply
{
    public required int Code { get; init; }
    /// <summary>"4.4.2" in "421 4.4.2 Error: timeout exceeded", when present.</summary>
    public string? EnhancedCode { get; init; }
    public required IReadOnlyList<string> Lines { get; init; }
    /// <summary>The frame that completed the reply (its last line): the frame Wireshark shows it in.</summary>
    public required FrameTime At { get; init; }
    public bool IsPositive => Code is >= 200 and < 400;
    public override string ToString() => $"{Code} {Lines[^1]}";
}

/// <summary>A client command with the reply that answered it (null while none has come).</summary>
public sealed class SmtpCommand
{
    /// <summary>The verb in upper case (MAIL, RCPT, DATA …), or "." for the end of the message data, or "BDAT".</summary>
    public required string Verb { get; init; }
    /// <summary>The argument as sent, except for AUTH (the mechanism only) and credentials (never kept).</summary>
    public required string Argument { get; init; }
    /// <summary>The frame that completed the command line: the frame Wireshark shows it in.</summary>
    public required FrameTime At { get; init; }
    /// <summary>Payload bytes of the segment that carried the command (Case B: a 513-byte pipelined envelope).</summary>
    public required int SegmentBytes { get; init; }
    /// <summary>Offset of the command's first byte in the client's stream.</summary>
    public required long StreamOffset { get; init; }
    public SmtpReply? Reply { get; internal set; }
    public long? ResponseTimeNs => Reply is null ? null : Reply.At.TimestampNs - At.TimestampNs;
    public override string ToString() => Argument.Length > 0 ? $"{Verb} {Argument}" : Verb;
}

public sealed class SmtpRecipient
{
    public required string Address { get; init; }
    public required SmtpCommand Command { get; init; }
    public bool? Accepted => Command.Reply?.IsPositive;
}

/// <summary>One mail transaction: MAIL FROM, the recipients, the message (DATA or BDAT chunks) and the final reply.</summary>
public sealed class SmtpTransaction
{
    public required SmtpCommand MailFrom { get; init; }
    public string Sender { get; init; } = "";
    public List<SmtpRecipient> Recipients { get; } = [];
    /// <summary>The DATA command (its reply is the 354) or the first BDAT.</summary>
    public SmtpCommand? Data { get; internal set; }
    public bool Chunked { get; internal set; }
    public int Chunks { get; internal set; }
    /// <summary>Message bytes sent after 354 up to the end-of-data line (or the BDAT chunk sizes).</summary>
    public long MessageBytes { get; internal set; }
    /// <summary>The "." line (or the BDAT LAST command) that ended the message; its reply is the final reply.</summary>
    public SmtpCommand? EndOfData { get; internal set; }
    /// <summary>Stream offset just after the end-of-data line: the client's data is all acknowledged when the server's
    /// ACK reaches it.</summary>
    public long EndOfDataStreamEnd { get; internal set; }
    public SmtpReply? FinalReply => EndOfData?.Reply;
    /// <summary>Ended by RSET (or a new MAIL FROM) before the message was accepted.</summary>
    public bool Abandoned { get; internal set; }
}

/// <summary>What happened on one SMTP connection.</summary>
public sealed class SmtpSession(TcpConnection connection) : ApplicationSession(connection)
{
    public SmtpReply? Greeting { get; internal set; }
    /// <summary>The name the client gave in EHLO or HELO, and which of the two.</summary>
    public string? ClientName { get; internal set; }
    public bool Extended { get; internal set; }
    /// <summary>EHLO capabilities as the server listed them (PIPELINING, SIZE 35882577, STARTTLS, AUTH PLAIN LOGIN …).</summary>
    public List<string> Capabilities { get; } = [];
    public List<SmtpCommand> Commands { get; } = [];
    public List<SmtpTransaction> Transactions { get; } = [];
    public List<string> AuthMechanisms { get; } = [];
    /// <summary>STARTTLS was accepted: what followed is TLS, analysed as <see cref="Tls"/>.</summary>
    public TlsSession? Tls { get; internal set; }
    /// <summary>Replies that came when no command was waiting for one (besides the greeting).</summary>
    public List<SmtpReply> UnexpectedReplies { get; } = [];
    /// <summary>When the client and server ended their directions (FIN or RST), if they did.</summary>
    public FrameTime? ClientEnded { get; internal set; }
    public FrameTime? ServerEnded { get; internal set; }

    public IEnumerable<SmtpCommand> Unanswered => Commands.Where(c => c.Reply is null);
}

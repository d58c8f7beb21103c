using Microsoft.Extensions.Logging;

namespace PrivateDomain.Postgres;

/// <summary>The PostgreSQL stores' structured log messages.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "PostgreSQL event log opened on {Database}; last sequence {LastSequence}")]
    public static partial void EventLogOpened(ILogger logger, string database, long lastSequence);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Group commit of {Appends} appends failed; they are failed and the writer reopens its connection")]
    public static partial void GroupCommitFailed(ILogger logger, Exception exception, int appends);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Event log overloaded: {Pending} appends waiting; append refused")]
    public static partial void AppendRefused(ILogger logger, int pending);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Critical, Message = "Event log writer stopped unexpectedly")]
    public static partial void WriterCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "LISTEN {Channel} failed; reconnecting in {Delay}")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, string channel, TimeSpan delay);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Schema check failed; retrying on next use")]
    public static partial void SchemaFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Journey stats commit of {Updates} updates failed; their senders retry them")]
    public static partial void JourneyStatsCommitFailed(ILogger logger, Exception exception, int updates);
}

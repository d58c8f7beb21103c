using Microsoft.Extensions.Logging;

namespace PrivateDomain.Storage;

/// <summary>The storage layer's structured log messages.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Event log opened at {Path}; last sequence {LastSequence}")]
    public static partial void EventLogOpened(ILogger logger, string path, long lastSequence);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Group commit of {Appends} appends failed; they are failed and the writer reopens its connection")]
    public static partial void GroupCommitFailed(ILogger logger, Exception exception, int appends);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Event log overloaded: {Pending} appends waiting; append refused")]
    public static partial void AppendRefused(ILogger logger, int pending);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Critical, Message = "Event log writer stopped unexpectedly")]
    public static partial void WriterCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Grain state {StateName} of {GrainId}: etag mismatch (stored {StoredEtag}, expected {ExpectedEtag})")]
    public static partial void EtagMismatch(ILogger logger, string stateName, string grainId, string? storedEtag, string? expectedEtag);
}

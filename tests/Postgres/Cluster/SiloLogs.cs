using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// Collects what in-process silos log (hosts started without logging defaults log nowhere), so a test can print
/// what the engine complained about (catch-ups after missed deliveries, given-up deliveries, failed writes) and
/// where each stream queue's receiver started and stopped reading.
/// </summary>
public sealed class SiloLogs
{
    private const string Receiver = "PrivateDomain.Silo.Streams";
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly ConcurrentQueue<string> _receivers = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    /// <summary>Warnings and errors by "level category".</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>The stream queue receivers' own lines (start and stop positions), in order.</summary>
    public IReadOnlyCollection<string> Receivers => _receivers;

    /// <summary>A provider for one silo; its lines are prefixed with <paramref name="silo"/>.</summary>
    public ILoggerProvider For(string silo) => new Provider(this, silo);

    /// <summary>The first <paramref name="max"/> warnings and errors of each category that starts with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Samples(string prefix, int max) => _entries
        .Select(e => (Entry: e, Category: e.Split(' ', 4)[3].Split(':')[0]))
        .Where(e => e.Category.StartsWith(prefix, StringComparison.Ordinal))
        .GroupBy(e => e.Category)
        .SelectMany(g => g.Take(max).Select(e => e.Entry));

    private void Add(string silo, string category, LogLevel level, string message, Exception? exception)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {silo} {level} {category}: {message}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}";
        if (level < LogLevel.Warning)
        {
            _receivers.Enqueue(line);
            return;
        }
        _counts.AddOrUpdate($"{level} {category}", 1, (_, n) => n + 1);
        if (_entries.Count < 10_000) _entries.Enqueue(line);
    }

    private sealed class Provider(SiloLogs sink, string silo) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(sink, silo, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(SiloLogs sink, string silo, string category) : ILogger
    {
        private readonly LogLevel _least = category.StartsWith(Receiver, StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= _least;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                sink.Add(silo, category, logLevel, formatter(state, exception), exception);
        }
    }
}

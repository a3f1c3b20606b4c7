using Microsoft.Extensions.Logging;

namespace Hbd.Server.Tests.Store;

/// <summary>A logger that keeps what it is given, every level, for tests that check what gets logged and how often.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock _sync = new();
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Lines
    {
        get
        {
            lock (_sync)
                return [.. _lines];
        }
    }

    /// <summary>The messages at Information and above: what hbd writes without -v.</summary>
    public IReadOnlyList<string> Messages => [.. Lines.Where(l => l.Level >= LogLevel.Information).Select(l => l.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        lock (_sync)
            _lines.Add((logLevel, formatter(state, exception), exception));
    }
}

using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Hbd.Server.Logging;

/// <summary>
/// hbd's console log format: <c>2026-01-15T12:00:00.000Z info: Category[EventId] message</c>, UTC, one
/// line per log call whatever the message holds. Message and exception are escaped by
/// <see cref="LogEscaper"/>; a stack trace's line breaks become <c>\n</c> rather than indented
/// lines, so the line stays whole for grep, journald and logrotate, and no text can start a line of its own.
/// No colours: they would be the very escape sequences this formatter keeps out.
/// </summary>
internal sealed class LogLineFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "hbd";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
            return;
        textWriter.Write(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(LevelName(logEntry.LogLevel));
        textWriter.Write(": ");
        LogEscaper.Write(textWriter, logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
        textWriter.Write("] ");
        LogEscaper.Write(textWriter, message);
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            LogEscaper.Write(textWriter, exception.ToString());
        }
        textWriter.Write('\n');
    }

    // The names Microsoft's simple console formatter uses, so the lines read as before.
    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

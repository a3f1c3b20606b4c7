namespace Hbd.Server;

/// <summary>
/// Something outside hbd keeps it from starting: a port taken, a data_dir in use or unusable, a database that is
/// not ours. The message is the whole story for the operator, one line naming the thing and the remedy.
/// </summary>
internal sealed class StartupException(string message) : Exception(message);

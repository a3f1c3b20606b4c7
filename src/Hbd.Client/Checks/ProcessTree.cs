using System.Globalization;

namespace Hbd.Client.Checks;

/// <summary>
/// Finds and kills what a check left running, from /proc: the members of the session and process group its leader
/// started, the leader's descendants (those that moved to a session of their own while their parent lived), and
/// whatever still holds the check's output pipes (a double-forked grandchild whose parent is gone). Only a process
/// that left the session, lost its parent and closed the pipes escapes: a deliberate daemon, which no longer holds
/// the check up.
/// </summary>
internal static class ProcessTree
{
    private const int Rounds = 3;

    /// <summary>
    /// SIGKILLs everything that belongs to <paramref name="leader"/>; returns how many processes were signalled.
    /// <paramref name="leaderReaped"/>: its id may have been reused, so signal only what /proc shows in its session or group.
    /// </summary>
    public static int Kill(int leader, bool leaderReaped, IReadOnlyCollection<string> pipes)
    {
        var self = Environment.ProcessId;
        var signalled = new HashSet<int>();
        // Several rounds: a process outside the group may fork while the previous round is killing its relatives.
        for (var round = 0; round < Rounds; round++)
        {
            // Freeze the group first (one atomic signal, so nothing in it forks or exits and cuts a parent link while
            // /proc is read), then kill it and everything related found meanwhile.
            List<int> members;
            if (!leaderReaped)
                LibC.Kill(-leader, LibC.SigStop);
            try
            {
                members = Members(leader, leaderReaped, pipes, self);
            }
            finally
            {
                if (!leaderReaped)
                    LibC.Kill(-leader, LibC.SigKill);
            }
            foreach (var pid in members)
            {
                LibC.Kill(pid, LibC.SigKill);
                signalled.Add(pid);
            }
            if (members.Count == 0)
                break;
            leaderReaped = true; // from here on it may be, and its id reused
        }
        return signalled.Count;
    }

    private static List<int> Members(int leader, bool leaderReaped, IReadOnlyCollection<string> pipes, int self)
    {
        var all = Snapshot();
        var members = new HashSet<int>();
        foreach (var p in all)
        {
            // We hold the pipes' read ends ourselves: a member, our children would all be its descendants.
            if (p.Id == self)
                continue;
            // A child of ours holds every pipe we have for the moment between its fork and its exec (that is how other
            // checks and commands start): never take one for a holder. A real leftover's parent is the check or init.
            if (p.Session == leader || p.Group == leader || (pipes.Count > 0 && p.Parent != self && HoldsAny(p.Id, pipes)))
                members.Add(p.Id);
        }
        if (!leaderReaped)
            members.Add(leader);
        // Descendants of every member, including those that moved to a session of their own while their parent lived.
        var children = all.ToLookup(p => p.Parent, p => p.Id);
        var queue = new Queue<int>(members);
        while (queue.Count > 0)
            foreach (var child in children[queue.Dequeue()])
                if (members.Add(child))
                    queue.Enqueue(child);
        // Zombies are dead already; never ourselves or init, whatever /proc said.
        var live = all.Where(p => p.State != 'Z').Select(p => p.Id).ToHashSet();
        return members.Where(pid => pid != self && pid > 1 && live.Contains(pid)).ToList();
    }

    internal readonly record struct ProcessInfo(int Id, char State, int Parent, int Group, int Session);

    private static List<ProcessInfo> Snapshot()
    {
        var list = new List<ProcessInfo>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                if (TryParseStat(pid, File.ReadAllText(Path.Combine(dir, "stat")), out var info))
                    list.Add(info);
            }
            catch (IOException)
            {
                // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return list;
    }

    /// <summary>"pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so fields count from the last ')'.</summary>
    internal static bool TryParseStat(int pid, string stat, out ProcessInfo info)
    {
        info = default;
        var close = stat.LastIndexOf(')');
        if (close < 0)
            return false;
        var fields = stat.AsSpan(close + 1).Trim();
        Span<Range> parts = stackalloc Range[5];
        if (fields.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries) < 4)
            return false;
        if (fields[parts[0]].Length != 1
            || !int.TryParse(fields[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[parts[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var session))
            return false;
        info = new ProcessInfo(pid, fields[parts[0]][0], parent, group, session);
        return true;
    }

    private static bool HoldsAny(int pid, IReadOnlyCollection<string> pipes)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && pipes.Contains(target))
                    return true;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }
}

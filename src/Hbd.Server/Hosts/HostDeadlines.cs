namespace Hbd.Server.Hosts;

/// <summary>The silence side of the state machine: what a host's state is at a given moment without a beat.</summary>
internal static class HostDeadlines
{
    /// <summary>
    /// Moves the host to late or down if its deadline has passed and returns when to look again
    /// (null: nothing can change until a beat comes). Called under the host's lock.
    /// </summary>
    public static DateTimeOffset? Evaluate(HostEntry entry, DateTimeOffset now, HostRegistry registry)
    {
        if (entry.Removed)
            return null;
        if (entry.SettingsGeneration != registry.Generation)
        {
            entry.Timeouts = registry.Settings.TimeoutsFor(entry.Name, entry.Interval);
            entry.SettingsGeneration = registry.Generation;
        }
        var timeouts = entry.Timeouts;
        switch (entry.State)
        {
            case HostState.Up or HostState.Late:
                var lastSeen = entry.LastSeen ?? registry.StartedAt;
                var silence = now - lastSeen;
                if (silence >= timeouts.DownAfter)
                {
                    Change(entry, HostState.Down, now, silence, registry);
                    return null;
                }
                if (silence >= timeouts.LateAfter && entry.State == HostState.Up)
                    Change(entry, HostState.Late, now, silence, registry);
                return lastSeen + (entry.State == HostState.Late ? timeouts.DownAfter : timeouts.LateAfter);

            case HostState.Unknown:
                // Not heard since this server started: a grace of down_after from the start.
                var deadline = registry.StartedAt + timeouts.DownAfter;
                if (now < deadline)
                    return deadline;
                var wasDown = entry.StoredState == HostState.Down;
                var since = now - (entry.LastSeen ?? registry.StartedAt);
                if (wasDown)
                    RegistrySetState(entry, HostState.Down, now, registry); // still down: nothing new to say
                else
                    Change(entry, HostState.Down, now, since, registry);
                return null;

            default:
                return null;
        }
    }

    private static void Change(HostEntry entry, HostState to, DateTimeOffset now, TimeSpan silence, HostRegistry registry)
    {
        var from = entry.State;
        RegistrySetState(entry, to, now, registry);
        registry.Publish(new HostStateChanged(entry.Name, now, from, to, silence, NeverSeen: entry.FirstSeen is null));
    }

    private static void RegistrySetState(HostEntry entry, HostState to, DateTimeOffset now, HostRegistry registry)
    {
        HostRegistry.SetState(entry, to, now);
        entry.StoredState = to;
        registry.MarkDirty(entry);
    }
}

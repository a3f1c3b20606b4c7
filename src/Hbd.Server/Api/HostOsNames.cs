using System.Runtime.CompilerServices;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;

namespace Hbd.Server.Api;

/// <summary>
/// Each host's OS name for the list's `q` filter, decoded once per inventory rather than once per request: keyed on
/// the inventory array itself, which a new inventory replaces, so an entry dies with the inventory it was read from.
/// </summary>
public sealed class HostOsNames
{
    private readonly ConditionalWeakTable<byte[], OsName> _names = new();

    public string? Of(HostEntry entry) =>
        entry.Inventory is { } inventory
            ? _names.GetValue(inventory, static bytes => new OsName(HostViews.OsName(HeartbeatReader.ReadInventory(bytes)))).Name
            : null;

    private sealed record OsName(string? Name);
}

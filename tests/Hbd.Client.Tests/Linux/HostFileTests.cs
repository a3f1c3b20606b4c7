using Hbd.Client.Linux;

namespace Hbd.Client.Tests.Linux;

public sealed class HostFileTests
{
    [Fact]
    public void A_missing_file_is_a_FileNotFoundException_naming_the_path()
    {
        var path = Path.Combine(Fixtures.Root("debian12-vm"), "proc", "no-such-file");

        var error = Assert.Throws<FileNotFoundException>(() => HostFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_not_found_too()
    {
        Assert.False(HostFile.TryRead("/no/such/dir/stat", out _));
    }

    [Fact]
    public void An_unreadable_path_is_an_IOException_naming_it()
    {
        // A directory cannot be read as a file; the failure must still be an IOException with the path.
        var path = Fixtures.Root("debian12-vm");

        var error = Assert.ThrowsAny<IOException>(() => HostFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}

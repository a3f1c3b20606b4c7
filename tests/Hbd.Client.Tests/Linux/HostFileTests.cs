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

    [Fact]
    public void A_procfs_file_that_reports_size_0_is_read_whole()
    {
        if (!OperatingSystem.IsLinux())
            return;
        Assert.Equal(0, new FileInfo("/proc/self/status").Length);

        var text = HostFile.Read("/proc/self/status");

        Assert.StartsWith("Name:", text, StringComparison.Ordinal);
        Assert.Contains("\nVmRSS:", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_larger_than_the_first_buffer_is_read_whole()
    {
        var path = Path.GetTempFileName();
        try
        {
            var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i} é\n"));
            File.WriteAllText(path, text);

            Assert.Equal(text, HostFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_not_part_of_the_text()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'I', (byte)'D', (byte)'=', (byte)'x']);

            Assert.Equal("ID=x", HostFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

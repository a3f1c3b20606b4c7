using Hbd.Server.Hosts;

namespace Hbd.Server.Tests.Hosts;

public sealed class BodyBufferPoolTests
{
    [Theory]
    [InlineData(0, 512)]
    [InlineData(1, 512)]
    [InlineData(512, 512)]
    [InlineData(513, 1024)]
    [InlineData(764, 1024)]
    [InlineData(1025, 2048)]
    [InlineData(16_384, 16_384)]
    [InlineData(16_385, 16_385)]
    public void A_buffer_is_of_the_smallest_size_that_holds_the_body(int length, int size)
    {
        Assert.Equal(size, new BodyBufferPool().Rent(length).Length);
    }

    [Fact]
    public void A_returned_buffer_is_the_next_one_rented_of_its_size()
    {
        var pool = new BodyBufferPool();
        var first = pool.Rent(700);
        pool.Return(first);

        Assert.NotSame(first, pool.Rent(300)); // another size
        Assert.Same(first, pool.Rent(1000));
        Assert.NotSame(first, pool.Rent(1000)); // not twice
    }

    [Fact]
    public void Buffers_it_did_not_make_are_not_kept()
    {
        var pool = new BodyBufferPool();
        pool.Return(new byte[700]);
        pool.Return(new byte[32 * 1024]);
        pool.Return(pool.Rent(20_000));

        Assert.Equal(0, pool.FreeCount);
    }

    [Fact]
    public void What_it_keeps_is_bounded()
    {
        var pool = new BodyBufferPool();
        var buffers = Enumerable.Range(0, 5_000).Select(_ => pool.Rent(16_000)).ToList();
        foreach (var buffer in buffers)
            pool.Return(buffer);

        Assert.Equal(4_096, pool.FreeCount); // 64 MiB of 16 KiB buffers
    }
}

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
        Assert.True(new BodyBufferPool().TryRent(length, out var buffer));
        Assert.Equal(size, buffer.Length);
    }

    [Fact]
    public void A_returned_buffer_is_the_next_one_rented_of_its_size()
    {
        var pool = new BodyBufferPool();
        var first = Rent(pool, 700);
        pool.Return(first);

        Assert.NotSame(first, Rent(pool, 300)); // another size
        Assert.Same(first, Rent(pool, 1000));
        Assert.NotSame(first, Rent(pool, 1000)); // not twice
    }

    [Fact]
    public void Buffers_larger_than_a_datagram_are_not_kept()
    {
        var pool = new BodyBufferPool();
        pool.Return(Rent(pool, 20_000));

        Assert.Equal(0, pool.FreeCount);
    }

    [Fact]
    public void What_it_keeps_is_bounded()
    {
        var pool = new BodyBufferPool();
        var buffers = Enumerable.Range(0, 5_000).Select(_ => Rent(pool, 16_000)).ToList();
        foreach (var buffer in buffers)
            pool.Return(buffer);

        Assert.Equal(4_096, pool.FreeCount); // 64 MiB of 16 KiB buffers
    }

    [Fact]
    public void Past_its_budget_it_refuses_counts_and_takes_again_once_buffers_come_back()
    {
        var pool = new BodyBufferPool(budget: 4 * 1024);
        var held = Enumerable.Range(0, 4).Select(_ => Rent(pool, 1000)).ToList();

        Assert.False(pool.TryRent(1000, out _));
        Assert.False(pool.TryRent(100, out _));
        Assert.Equal((2, 4096L), (pool.Refused, pool.Out));

        pool.Return(held[0]);
        Assert.True(pool.TryRent(1000, out var again));
        Assert.Same(held[0], again);
        Assert.Equal(4096L, pool.Out);
    }

    private static byte[] Rent(BodyBufferPool pool, int length)
    {
        Assert.True(pool.TryRent(length, out var buffer));
        return buffer;
    }
}

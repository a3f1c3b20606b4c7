using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

public sealed class DecimalScalingTests
{
    [Theory]
    [InlineData(12.5, 1)]
    [InlineData(0.41999998688697815, 2)]
    [InlineData(0.0123f, 4)]
    [InlineData(8_323_002_368, 0)]
    [InlineData(5120, -1)]
    [InlineData(0.1, 1)]
    [InlineData(0, -9)]
    public void The_fewest_decimals_that_reproduce_the_value(double value, int decimals)
    {
        Assert.Equal(decimals, DecimalScaling.DecimalsOf(value));
    }

    [Theory]
    [InlineData(1e-12)]
    [InlineData(-0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.30000000000000004)]
    public void Some_values_have_no_decimals(double value)
    {
        Assert.Equal(DecimalScaling.None, DecimalScaling.DecimalsOf(value));
    }

    [Fact]
    public void A_widened_float32_scales_to_its_own_digits()
    {
        Assert.True(DecimalScaling.TryScale(0.41999998688697815, 2, out var mantissa));
        Assert.Equal(42, mantissa);
        Assert.Equal(0.41999998688697815, DecimalScaling.Unscale(42, 2, single: true));
    }
}

using Hbd.Server.Api;

namespace Hbd.Server.Tests.Api;

public sealed class DisplayNumbersTests
{
    [Theory]
    [InlineData(0.7)]
    [InlineData(0.42)]
    [InlineData(97.3)]
    [InlineData(1234.56)]
    [InlineData(-3.1)]
    public void A_value_widened_from_float32_shows_the_agents_digits(double sent)
    {
        var widened = (double)(float)sent;
        Assert.NotEqual(sent, widened);

        Assert.Equal(sent, DisplayNumbers.Shortest(widened));
    }

    [Theory]
    [InlineData(12.5)]
    [InlineData(0.1)] // a float64 that no float32 holds exactly stays as it is
    [InlineData(1e-50)]
    [InlineData(123456789012.0)]
    [InlineData(0)]
    public void Other_values_are_unchanged(double value)
    {
        Assert.Equal(value, DisplayNumbers.Shortest(value));
    }
}

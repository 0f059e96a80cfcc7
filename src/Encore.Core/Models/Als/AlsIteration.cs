namespace Encore.Core.Models.Als;

/// <summary>
/// What one ALS iteration cost. The times exclude the loss, which is computed afterwards when asked for.
/// </summary>
/// <param name="Iteration">1-based.</param>
/// <param name="Seconds">Wall time of both half-iterations.</param>
/// <param name="GramSeconds">Part of <paramref name="Seconds"/> spent on YᵀY and XᵀX.</param>
/// <param name="UserSeconds">Part spent solving user rows.</param>
/// <param name="ItemSeconds">Part spent solving item rows.</param>
/// <param name="Loss">implicit's training loss after the iteration, or NaN when not computed.</param>
public readonly record struct AlsIteration(
    int Iteration, double Seconds, double GramSeconds, double UserSeconds, double ItemSeconds, double Loss);

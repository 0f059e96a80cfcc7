namespace Encore.Core.Evaluation;

/// <summary>One metric value per user, users ascending (the context's order).</summary>
public sealed class UserValues
{
    private readonly int[] _users;
    private readonly double[] _values;

    internal UserValues(int[] users, double[] values)
    {
        _users = users;
        _values = values;
    }

    /// <summary>Number of users.</summary>
    public int Count => _users.Length;

    /// <summary>User ids, ascending.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>Values, in the order of <see cref="Users"/>.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The value of <paramref name="user"/>.</summary>
    /// <exception cref="KeyNotFoundException">The user was not evaluated.</exception>
    public double this[int user]
    {
        get
        {
            var index = Array.BinarySearch(_users, user);
            return index >= 0 ? _values[index] : throw new KeyNotFoundException($"User {user} was not evaluated.");
        }
    }

    /// <summary>
    /// The mean over all users, summed in user order so the result is the same on every run; NaN when there
    /// are no users (a mean over nobody is undefined, and must show as such rather than as 0).
    /// </summary>
    public double Mean()
    {
        if (_values.Length == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        foreach (var value in _values)
        {
            sum += value;
        }

        return sum / _values.Length;
    }
}

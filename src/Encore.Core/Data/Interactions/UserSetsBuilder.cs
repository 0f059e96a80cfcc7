namespace Encore.Core.Data.Interactions;

/// <summary>
/// Appends users in ascending order, each with its ascending distinct items, into a <see cref="ListKind.Set"/>
/// <see cref="UserLists"/>. The protocols use it to derive test sets (test minus train, test restricted to train
/// items) in one pass.
/// </summary>
internal sealed class UserSetsBuilder
{
    private readonly List<int> _users = [];
    private readonly List<int> _offsets = [0];
    private readonly List<int> _items = [];

    /// <summary>Appends one item of the user being written; call <see cref="EndUser"/> when its items are done.</summary>
    public void Add(int item) => _items.Add(item);

    /// <summary>Closes the current user; a user given no items is left out.</summary>
    public void EndUser(int user)
    {
        if (_items.Count > _offsets[^1])
        {
            _users.Add(user);
            _offsets.Add(_items.Count);
        }
    }

    /// <summary>The sets appended; their order is the caller's promise, so only the shape is checked.</summary>
    public UserLists Build() => UserLists.FromCheckedContent([.. _users], [.. _offsets], [.. _items], ListKind.Set);
}

using System.Collections;

namespace Suyuan.Core.Epcis;

/// <summary>An immutable list compared by content, so that records holding lists have value equality.</summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public ValueList(IEnumerable<T> items) => _items = items.ToArray();

    private ValueList(T[] items) => _items = items;

    public static ValueList<T> Empty { get; } = new([]);

    /// <summary>Takes ownership of the array without copying; the caller must not change it afterwards.</summary>
    internal static ValueList<T> Own(T[] items) => items.Length == 0 ? Empty : new(items);

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public ReadOnlySpan<T> AsSpan() => _items;

    public bool Equals(ValueList<T>? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other._items.Length != _items.Length)
        {
            return false;
        }
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _items.Length; i++)
        {
            if (!comparer.Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_items.Length);
        foreach (var item in _items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", _items)}]";

    public static implicit operator ValueList<T>(T[] items) => new(items);
}

/// <summary>Builds <see cref="ValueList{T}"/> from collection expressions.</summary>
public static class ValueList
{
    public static ValueList<T> Of<T>(params ReadOnlySpan<T> items) => ValueList<T>.Own(items.ToArray());
}

import factory

from networks.models import Network, NetworkGroup


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network{n}")


class NetworkGroupFactory(factory.django.DjangoModelFactory):
    """A group in a network; it shares nothing unless told (`shares_figures=True`)."""

    class Meta:
        model = NetworkGroup

    network = factory.SubFactory(NetworkFactory)
    shares_figures = False

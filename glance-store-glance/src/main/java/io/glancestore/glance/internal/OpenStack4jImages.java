package io.glancestore.glance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.glance.GlanceImage;
import io.glancestore.glance.NewImage;
import io.glancestore.keystone.KeystoneToken;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.image.v2.ImageService;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.image.v2.builder.ImageBuilder;
import org.openstack4j.openstack.OSFactory;

/**
 * The calls OpenStack4j's image service has: show, list, create and delete image records.
 * OpenStack4j keeps its session per thread, so each call opens one from the current token (or
 * none, with trusted headers) and this client's endpoint; the image is read back through the
 * same JSON reader as the calls made with the JDK's client, so both give the same
 * {@link GlanceImage}.
 *
 * @param endpoint Glance's URL, without the API version
 * @param auth how requests authenticate
 * @param config OpenStack4j's connection settings, resolving every endpoint to Glance's
 */
public record OpenStack4jImages(String endpoint, GlanceAuth auth, Config config) {

    /**
     * Creates the calls.
     *
     * @param endpoint Glance's URL, without the API version
     * @param auth how requests authenticate
     * @param connectTimeout connect timeout
     * @param requestTimeout read timeout
     */
    public OpenStack4jImages(String endpoint, GlanceAuth auth, Duration connectTimeout, Duration requestTimeout) {
        this(endpoint, auth, config(endpoint, connectTimeout, requestTimeout));
    }

    private static Config config(String endpoint, Duration connectTimeout, Duration requestTimeout) {
        String v2 = endpoint + "/v2";
        EndpointURLResolver resolver = new EndpointURLResolver() {
            @Override
            public String findURLV2(URLResolverParams params) {
                return v2;
            }

            @Override
            public String findURLV3(URLResolverParams params) {
                return v2;
            }
        };
        return Config.newConfig().withEndpointURLResolver(resolver)
                .withConnectionTimeout((int) connectTimeout.toMillis()).withReadTimeout((int) requestTimeout.toMillis());
    }

    /** {@code GET /v2/images/<id>}. */
    public GlanceImage get(String imageId) {
        Image image = call("GET image " + imageId, s -> s.get(imageId));
        if (image == null) {
            throw new NotFoundException("glance: no image " + imageId);
        }
        return ImageJson.parse(json(image));
    }

    /** One page of {@code GET /v2/images}, sorted by id (a stable order to page through). */
    public List<GlanceImage> list(int limit, String marker) {
        Map<String, String> query = new HashMap<>();
        query.put("limit", Integer.toString(limit));
        query.put("sort", "id:asc");
        if (marker != null) {
            query.put("marker", marker);
        }
        List<? extends Image> page = call("GET images", s -> s.list(query));
        return page.stream().map(i -> ImageJson.parse(json(i))).toList();
    }

    /** {@code POST /v2/images}. */
    public GlanceImage create(NewImage spec) {
        DiskFormat disk = DiskFormat.value(spec.diskFormat());
        ContainerFormat container = ContainerFormat.value(spec.containerFormat());
        if (disk == DiskFormat.UNRECOGNIZED || container == ContainerFormat.UNRECOGNIZED) {
            throw new InvalidException("glance: unknown disk or container format " + spec.diskFormat() + "/"
                    + spec.containerFormat());
        }
        ImageBuilder b = org.openstack4j.openstack.image.v2.domain.GlanceImage.builder().name(spec.name())
                .diskFormat(disk).containerFormat(container);
        if (spec.id() != null) {
            b.id(spec.id());
        }
        spec.properties().forEach(b::additionalProperty);
        Image built = b.build();
        return ImageJson.parse(json(call("POST image", s -> s.create(built))));
    }

    /** {@code DELETE /v2/images/<id>}. */
    public void delete(String imageId) {
        ActionResponse r = call("DELETE image " + imageId, s -> s.delete(imageId));
        if (!r.isSuccess()) {
            throw GlanceErrors.of(r.getCode(), null, "DELETE image " + imageId + " (" + r.getFault() + ")");
        }
    }

    private <T> T call(String action, Function<ImageService, T> request) {
        KeystoneToken token = null;
        try {
            token = auth.token();
            try {
                return request.apply(client(token).imagesV2());
            } catch (AuthenticationException refused) {
                KeystoneToken renewed = auth.renew(token);
                if (renewed == null) {
                    throw refused;
                }
                return request.apply(client(renewed).imagesV2());
            }
        } catch (IOException e) {
            throw GlanceErrors.unreachable(endpoint, action, e);
        } catch (AuthenticationException e) {
            throw new AuthorizationFailureException("glance: " + action + " answered HTTP " + e.getStatus());
        } catch (ConnectionException e) {
            throw GlanceErrors.unreachable(endpoint, action, new IOException(e.getMessage(), e));
        } catch (ResponseException e) {
            throw GlanceErrors.of(e.getStatus(), null, action + " (" + e.getMessage() + ")");
        }
    }

    /** A session for this thread; OpenStack4j's own re-authentication is turned off, it has no credentials. */
    private OSClient.OSClientV3 client(KeystoneToken token) {
        org.openstack4j.openstack.identity.v3.domain.KeystoneToken t =
                new org.openstack4j.openstack.identity.v3.domain.KeystoneToken();
        if (token != null) {
            t.setId(token.id());
        }
        Map<String, String> headers = new HashMap<>(auth.headers(null));
        // Without it a 401 makes the connector re-authenticate with credentials it never had.
        headers.put(ClientConstants.HEADER_OS4J_AUTH, "none");
        headers.put("Accept", "application/json");
        return OSFactory.clientFromToken(t, Facing.PUBLIC, config).headers(headers);
    }

    private static JsonNode json(Image image) {
        try {
            return ObjectMapperSingleton.getContext(org.openstack4j.openstack.image.v2.domain.GlanceImage.class)
                    .valueToTree(image);
        } catch (IllegalArgumentException e) {
            throw new io.glancestore.exception.BackendException("glance: unreadable image record: " + e.getMessage());
        }
    }
}
